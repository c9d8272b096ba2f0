/** Copies examples/app to `dest` (created) and links the repository's installed node_modules beside it. */
export declare function copyExampleApp(dest: string): string;
