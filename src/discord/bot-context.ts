import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Services } from '../create-services.js';

/** Everything a command, button or event handler may use. Built once in main.ts and passed in. */
export interface BotContext extends Services {
  readonly config: Config;
  readonly log: Logger;
}
