export * from './action-yml';
export * from './harness';
export * from './http-server';
export * from './github-api';
export * from './tools';
export * from './proxy';
export * from './git-http';
