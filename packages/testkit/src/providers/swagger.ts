/**
 * Validates requests and answers against a Swagger 2.0 document (Netlify publishes its API as
 * `@netlify/open-api`) with ajv: the operation is found by method and path template; path and
 * query parameters are checked against their declared types and enums, JSON bodies and answers
 * against the operation's schemas (definitions resolved from the document).
 */
import { Ajv, type ValidateFunction } from 'ajv';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'body' | 'header' | 'formData';
  type?: string;
  enum?: unknown[];
  required?: boolean;
  schema?: Record<string, unknown>;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  responses?: Record<string, { schema?: Record<string, unknown> }>;
}

export interface SwaggerDocument {
  basePath?: string;
  paths: Record<string, Record<string, Operation | Parameter[]>>;
  definitions?: Record<string, unknown>;
}

interface CompiledOperation {
  method: string;
  template: string;
  pattern: RegExp;
  pathNames: string[];
  operation: Operation;
  parameters: Parameter[];
  body?: ValidateFunction;
  responses: Map<string, ValidateFunction | undefined>;
}

export class SwaggerValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly operations: CompiledOperation[] = [];

  private readonly doc: SwaggerDocument;

  constructor(doc: SwaggerDocument) {
    this.doc = doc;
    for (const [template, item] of Object.entries(doc.paths)) {
      const shared = (item.parameters as Parameter[] | undefined) ?? [];
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        const operation = op as Operation;
        const pathNames: string[] = [];
        // A `{path}` parameter (a file path) may hold slashes; the others are one segment.
        const source = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
          pathNames.push(name);
          return name === 'path' ? '(.+)' : '([^/]+)';
        });
        this.operations.push({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}$`),
          pathNames,
          operation,
          parameters: [
            ...shared.filter((p) => !(operation.parameters ?? []).some((o) => o.name === p.name && o.in === p.in)),
            ...(operation.parameters ?? []),
          ],
          responses: new Map(),
        });
      }
    }
    // Literal paths win over templated ones (`/deploys/{id}` must not take `/deploys/{id}/files`).
    this.operations.sort((a, b) => a.pathNames.length - b.pathNames.length);
  }

  private compile(schema: Record<string, unknown>): ValidateFunction {
    return this.ajv.compile({ ...schema, definitions: this.doc.definitions ?? {} });
  }

  find(method: string, path: string): CompiledOperation | undefined {
    const local = this.doc.basePath && path.startsWith(this.doc.basePath) ? path.slice(this.doc.basePath.length) || '/' : path;
    return this.operations.find((o) => o.method === method && o.pattern.test(local));
  }

  /** Problems with a request, empty when it is what the document allows. */
  checkRequest(method: string, path: string, query: URLSearchParams, json: unknown, raw: boolean): string[] {
    const op = this.find(method, path);
    if (!op) return [`${method} ${path} is not an operation of the API`];
    const local = this.doc.basePath && path.startsWith(this.doc.basePath) ? path.slice(this.doc.basePath.length) : path;
    const values = op.pattern.exec(local)?.slice(1) ?? [];
    const problems: string[] = [];
    for (const p of op.parameters) {
      let value: string | undefined;
      if (p.in === 'path') value = values[op.pathNames.indexOf(p.name)];
      else if (p.in === 'query') value = query.get(p.name) ?? undefined;
      else if (p.in === 'body') {
        if (raw) continue;
        if (json === undefined) {
          if (p.required) problems.push(`${op.operation.operationId}: body is required`);
          continue;
        }
        if (p.schema) {
          const validate = (op.body ??= this.compile(p.schema));
          if (!validate(json)) problems.push(`${op.operation.operationId} body: ${this.ajv.errorsText(validate.errors)}`);
        }
        continue;
      } else continue;
      if (value === undefined) {
        if (p.required) problems.push(`${op.operation.operationId}: ${p.in} parameter \`${p.name}\` is required`);
        continue;
      }
      const wrong = typeProblem(p, value);
      if (wrong) problems.push(`${op.operation.operationId}: ${p.in} parameter \`${p.name}\` ${wrong}`);
    }
    for (const name of query.keys())
      if (!op.parameters.some((p) => p.in === 'query' && p.name === name))
        problems.push(`${op.operation.operationId}: unknown query parameter \`${name}\``);
    return problems;
  }

  /** Problems with an answer the emulator is about to send. */
  checkResponse(method: string, path: string, status: number, body: unknown): string[] {
    const op = this.find(method, path);
    if (!op) return [`${method} ${path} is not an operation of the API`];
    const key = op.operation.responses?.[String(status)] ? String(status) : 'default';
    if (!op.operation.responses?.[key]) return [`${op.operation.operationId} does not answer ${status}`];
    if (!op.responses.has(key)) {
      const schema = op.operation.responses[key]?.schema;
      op.responses.set(key, schema ? this.compile(schema) : undefined);
    }
    const validate = op.responses.get(key);
    if (validate && !validate(body)) return [`${op.operation.operationId} ${status} answer: ${this.ajv.errorsText(validate.errors)}`];
    return [];
  }
}

function typeProblem(p: Parameter, value: string): string | undefined {
  if (p.enum && !p.enum.includes(value)) return `must be one of ${p.enum.join(', ')}, got \`${value}\``;
  if (p.type === 'integer' && !/^-?\d+$/.test(value)) return `must be an integer, got \`${value}\``;
  if (p.type === 'number' && Number.isNaN(Number(value))) return `must be a number, got \`${value}\``;
  if (p.type === 'boolean' && value !== 'true' && value !== 'false') return `must be true or false, got \`${value}\``;
  return undefined;
}
