// The kit every action uses. Octokit lives at `@shipkit/kit/github` so it stays off the start-up
// path of actions that do not talk to GitHub.
export * from './errors';
export * from './redact';
export * from './commands';
export * from './duration';
export * from './inputs';
export * from './outputs';
export * from './report';
export * from './summary';
export * from './annotations';
export * from './run';
export * from './cancel';
export * from './version';
export * from './context';
export * from './stats';
