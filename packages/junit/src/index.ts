export * from './parse';
export * from './stack';
