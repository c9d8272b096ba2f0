// A child process of the file-ledger concurrency test: appends records and statuses to one ledger.
// Node runs the TypeScript source directly; this hook resolves the repo's extensionless imports.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (error) {
      if (specifier.startsWith('.')) return next(`${specifier}.ts`, context);
      throw error;
    }
  },
});

const [path, count, tag] = process.argv.slice(2);
const { FileLedger } = await import('../src/file-ledger.ts');
const ledger = new FileLedger(path);
for (let i = 0; i < Number(count); i++) {
  const r = await ledger.create({
    environment: 'preview/shop/pr-1',
    ref: 'main',
    sha: `${tag}-${i}`,
    transient: true,
    production: false,
    payload: { shipkit: 1, provider: 'local', name: 'shop', writer: tag },
  });
  await ledger.setStatus(r.id, { state: 'in_progress' });
  await ledger.setStatus(r.id, { state: 'success', environmentUrl: `http://127.0.0.1/${tag}/${i}` });
}
