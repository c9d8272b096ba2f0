import { runAction, info } from '@shipkit/kit';
await runAction(() => { info('hi'); });
