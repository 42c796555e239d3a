import { scheduleProblem } from './cron.js';

describe('scheduleProblem', () => {
  it.each(['0 2 * * *', '*/5 * * * *', '0 0 1,15 * MON-FRI', 'CRON_TZ=Europe/Paris 30 6 * JAN-MAR sun', '@daily', '@every 1h30m', '0-59/10 0-23 1-31 1-12 0-6', '? * * * *'])(
    'accepts %j', (s) => expect(scheduleProblem(s)).toBeUndefined(),
  );

  it.each([
    ['* * * *', 'expected 5 fields'],
    ['60 * * * *', 'minute: "60" is outside 0-59'],
    ['0 2 * * 7', 'day of week: "7" is outside 0-6'],
    ['0 2 * FOO *', 'month: "FOO" is not a number or name'],
    ['0 2 5-1 * *', 'runs backwards'],
    ['*/x * * * *', 'bad step'],
    ['@sometimes', 'unknown descriptor'],
    ['@every soon', 'bad duration'],
  ])('rejects %j', (s, msg) => expect(scheduleProblem(s)).toContain(msg));
});
