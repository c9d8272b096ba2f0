export * from './provider';
export * from './ledger';
export { FileLedger } from './file-ledger';
export { LocalProvider } from './local';
export { CommandProvider, parseScriptResult } from './command';
