/** The shipkit release every action reports in its JSON envelope and User-Agent. */
export const SHIPKIT_VERSION = '1.0.0';
