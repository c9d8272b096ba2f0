/**
 * Streaming XML for reports (coverage, JUnit): saxes underneath, so a 100 MB report never becomes
 * a DOM. The hostile-XML policy is ours: a DOCTYPE naming an external DTD (Cobertura's own reports
 * do) is ignored and never fetched; entity declarations are never processed, and a document that
 * declares or relies on them is refused.
 */
export * from './policy';
export * from './sax';
export * from './scan';
