export declare function renderMarkdown(markdown: string, style?: { bold?: (t: string) => string; dim?: (t: string) => string }): string;
