export * from './classes';
export * from './rules';
export * from './trailers';
export * from './trust';
export * from './codeowners';
export * from './migrations';
