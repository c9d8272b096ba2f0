export * from './model';
export * from './detect';
export * from './lcov';
export * from './xml-formats';
export * from './istanbul';
export * from './read';
