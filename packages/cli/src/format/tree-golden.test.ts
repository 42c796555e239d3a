/**
 * Golden trees: statuses written by the controller for real runs on the
 * local cluster (testdata/trees), rendered with colour on and compared, ANSI
 * stripped, line by line with what Argo's CLI prints for the same status.
 */
import { readFileSync } from 'node:fs';
import type { Workflow } from '../types.js';
import { alignColumns } from './table.js';
import { treeTable, type TreeOptions } from './tree.js';

// eslint-disable-next-line no-control-regex -- ANSI colour sequences start with ESC
const ANSI = /\x1b\[[0-9;]*m/g;

function fixture(name: string): Workflow {
  return JSON.parse(readFileSync(new URL(`../testdata/trees/${name}.json`, import.meta.url), 'utf8')) as Workflow;
}

function render(name: string, extra: Partial<TreeOptions> = {}): string[] {
  const wf = fixture(name);
  const opts: TreeOptions = { style: { utf8: true, color: true }, now: new Date(wf.status!.finishedAt!), ...extra };
  return alignColumns(treeTable(wf, opts), 2).map((l) => l.replace(ANSI, ''));
}

const retriesExit = [
  'STEP                   TEMPLATE  PODNAME                       DURATION  MESSAGE',
  ' ✖ mixed-9vkqw         main                                              child \'mixed-9vkqw-1488183419\' failed',
  ' ├───✔ first(0)        ok        mixed-9vkqw-ok-777484612      0s',
  ' └─┬─✖ flaky           flaky                                             No more retries left',
  '   │ ├─✖ flaky(0)      flaky     mixed-9vkqw-flaky-502742774   1s        Error (exit code 1)',
  '   │ ├─✖ flaky(1)      flaky     mixed-9vkqw-flaky-4193568691  0s        Error (exit code 1)',
  '   │ ├─✖ flaky(2)      flaky     mixed-9vkqw-flaky-2046577912  0s        Error (exit code 1)',
  '   │ └─✖ flaky(3)      flaky     mixed-9vkqw-flaky-100227013   0s        Error (exit code 1)',
  '   └─✖ pipeline        pipeline                                          child \'mixed-9vkqw-3743259021\' failed',
  '     ├─✔ build(0)      ok        mixed-9vkqw-ok-1735736741     1s',
  '     └─✖ publish       flaky                                             No more retries left',
  '       ├─✖ publish(0)  flaky     mixed-9vkqw-flaky-115446492   0s        Error (exit code 1)',
  '       ├─✖ publish(1)  flaky     mixed-9vkqw-flaky-3806272409  0s        Error (exit code 1)',
  '       ├─✖ publish(2)  flaky     mixed-9vkqw-flaky-2329694842  0s        Error (exit code 1)',
  '       └─✖ publish(3)  flaky     mixed-9vkqw-flaky-1725553463  1s        Error (exit code 1)',
  '',
  ' ✔ mixed-9vkqw.onExit  cleanup',
  ' └───✔ notify(0)       ok        mixed-9vkqw-ok-1995998764     0s',
];

/** Trees compared whole: fixture, render options, and every expected line. */
const goldens: Array<{ title: string; fixture: string; options?: Partial<TreeOptions>; lines: string[] }> = [
  {
    title: 'steps: a one-step group, then two parallel steps',
    fixture: 'steps',
    lines: [
      'STEP            TEMPLATE           PODNAME                               DURATION  MESSAGE',
      ' ✔ steps-fxvw9  hello-hello-hello',
      ' ├───✔ hello1   print-message      steps-fxvw9-print-message-2820514730  0s',
      ' └─┬─✔ hello2a  print-message      steps-fxvw9-print-message-2045774739  1s',
      '   └─✔ hello2b  print-message      steps-fxvw9-print-message-2062552358  1s',
    ],
  },
  {
    title: 'DAG diamond: tasks listed under the DAG by start time, not nested along dependencies',
    fixture: 'dag-diamond',
    lines: [
      'STEP                  TEMPLATE  PODNAME                            DURATION  MESSAGE',
      ' ✔ dag-diamond-78wgj  diamond',
      ' ├─✔ A                echo      dag-diamond-78wgj-echo-3563429587  1s',
      ' ├─✔ B                echo      dag-diamond-78wgj-echo-3580207206  0s',
      ' ├─✔ C                echo      dag-diamond-78wgj-echo-3596984825  0s',
      ' └─✔ D                echo      dag-diamond-78wgj-echo-3613762444  0s',
    ],
  },
  {
    title: 'DAG in DAG: each inner diamond under its task, even though the inner D lists the next outer tasks as children',
    fixture: 'dag-nested',
    lines: [
      'STEP                 TEMPLATE        PODNAME                           DURATION  MESSAGE',
      ' ✔ dag-nested-fbhdh  diamond',
      ' ├─✔ A               nested-diamond',
      ' │ ├─✔ A             echo            dag-nested-fbhdh-echo-1609309456  0s',
      ' │ ├─✔ B             echo            dag-nested-fbhdh-echo-1659642313  1s',
      ' │ ├─✔ C             echo            dag-nested-fbhdh-echo-1642864694  1s',
      ' │ └─✔ D             echo            dag-nested-fbhdh-echo-1693197551  1s',
      ' ├─✔ B               nested-diamond',
      ' │ ├─✔ A             echo            dag-nested-fbhdh-echo-3306236229  0s',
      ' │ ├─✔ B             echo            dag-nested-fbhdh-echo-3255903372  0s',
      ' │ ├─✔ C             echo            dag-nested-fbhdh-echo-3272680991  0s',
      ' │ └─✔ D             echo            dag-nested-fbhdh-echo-3222348134  1s',
      ' ├─✔ C               nested-diamond',
      ' │ ├─✔ A             echo            dag-nested-fbhdh-echo-1777201094  0s',
      ' │ ├─✔ B             echo            dag-nested-fbhdh-echo-1760423475  0s',
      ' │ ├─✔ C             echo            dag-nested-fbhdh-echo-1743645856  0s',
      ' │ └─✔ D             echo            dag-nested-fbhdh-echo-1861089189  1s',
      ' └─✔ D               nested-diamond',
      '   ├─✔ A             echo            dag-nested-fbhdh-echo-247602139   1s',
      '   ├─✔ B             echo            dag-nested-fbhdh-echo-264379758   0s',
      '   ├─✔ C             echo            dag-nested-fbhdh-echo-281157377   0s',
      '   └─✔ D             echo            dag-nested-fbhdh-echo-297934996   1s',
    ],
  },
  {
    title: 'DAG in steps: the DAG is the last step, its tasks indented under it',
    fixture: 'dag-in-steps',
    lines: [
      'STEP                    TEMPLATE  PODNAME                                 DURATION  MESSAGE',
      ' ✔ steps-and-dag-8hsm9  main',
      ' ├───✔ produce          produce   steps-and-dag-8hsm9-produce-2993589117  0s',
      ' ├───✔ consume          print     steps-and-dag-8hsm9-print-2110654858    0s',
      ' └───✔ diamond          diamond',
      '     ├─✔ A              print     steps-and-dag-8hsm9-print-1345942350    0s',
      '     ├─✔ B              print     steps-and-dag-8hsm9-print-1329164731    0s',
      '     ├─✔ C              print     steps-and-dag-8hsm9-print-1312387112    0s',
      '     └─✔ D              print     steps-and-dag-8hsm9-print-1429830445    0s',
    ],
  },
  {
    title: 'withSequence items started together are ordered by index, so 10 follows 9',
    fixture: 'loop-items',
    lines: [
      'STEP                TEMPLATE  PODNAME                       DURATION  MESSAGE',
      ' ✔ loop12-59dj8     main',
      ' └─┬─✔ item(0:0)    echo      loop12-59dj8-echo-2274622975  1s',
      '   ├─✔ item(1:1)    echo      loop12-59dj8-echo-582297411   1s',
      '   ├─✔ item(2:2)    echo      loop12-59dj8-echo-2910055367  1s',
      '   ├─✔ item(3:3)    echo      loop12-59dj8-echo-4012662963  1s',
      '   ├─✔ item(4:4)    echo      loop12-59dj8-echo-1400385271  1s',
      '   ├─✔ item(5:5)    echo      loop12-59dj8-echo-2638238291  1s',
      '   ├─✔ item(6:6)    echo      loop12-59dj8-echo-1203969807  1s',
      '   ├─✔ item(7:7)    echo      loop12-59dj8-echo-699868931   1s',
      '   ├─✔ item(8:8)    echo      loop12-59dj8-echo-2381278607  1s',
      '   ├─✔ item(9:9)    echo      loop12-59dj8-echo-149509379   1s',
      '   ├─✔ item(10:10)  echo      loop12-59dj8-echo-2657726753  1s',
      '   └─✔ item(11:11)  echo      loop12-59dj8-echo-1325922303  1s',
    ],
  },
  {
    title: 'DAG withItems: the TaskGroup is not drawn, its items sit under the DAG',
    fixture: 'dag-items',
    lines: [
      'STEP                                           TEMPLATE  PODNAME                         DURATION  MESSAGE',
      ' ✔ dag-task-d7q7c                              dag-task',
      ' ├─✔ TEST-ONE(0:command:ONE-A,tag:TEST-ONE-A)  echo      dag-task-d7q7c-echo-3247252904  0s',
      ' ├─✔ TEST-TWO(0:command:TWO-A,tag:TEST-TWO-A)  echo      dag-task-d7q7c-echo-43971714    0s',
      ' ├─✔ TEST-ONE(1:command:ONE-B,tag:TEST-ONE-B)  echo      dag-task-d7q7c-echo-2233183265  0s',
      ' └─✔ TEST-TWO(1:command:TWO-B,tag:TEST-TWO-B)  echo      dag-task-d7q7c-echo-1089585355  0s',
    ],
  },
  {
    title: 'retries: a one-attempt Retry shows only its attempt, in its place; an omitted DAG task is not drawn; the exit handler follows a blank row',
    fixture: 'retries-exit',
    lines: retriesExit,
  },
  {
    title: 'the same tree in 7-bit ASCII with --no-utf8',
    fixture: 'retries-exit',
    options: { style: { utf8: false, color: false } },
    lines: [
      'STEP                           TEMPLATE  PODNAME                       DURATION  MESSAGE',
      ' Failed mixed-9vkqw            main                                              child \'mixed-9vkqw-1488183419\' failed',
      ' |---Succeeded first(0)        ok        mixed-9vkqw-ok-777484612      0s',
      ' `-+-Failed flaky              flaky                                             No more retries left',
      '   | |-Failed flaky(0)         flaky     mixed-9vkqw-flaky-502742774   1s        Error (exit code 1)',
      '   | |-Failed flaky(1)         flaky     mixed-9vkqw-flaky-4193568691  0s        Error (exit code 1)',
      '   | |-Failed flaky(2)         flaky     mixed-9vkqw-flaky-2046577912  0s        Error (exit code 1)',
      '   | `-Failed flaky(3)         flaky     mixed-9vkqw-flaky-100227013   0s        Error (exit code 1)',
      '   `-Failed pipeline           pipeline                                          child \'mixed-9vkqw-3743259021\' failed',
      '     |-Succeeded build(0)      ok        mixed-9vkqw-ok-1735736741     1s',
      '     `-Failed publish          flaky                                             No more retries left',
      '       |-Failed publish(0)     flaky     mixed-9vkqw-flaky-115446492   0s        Error (exit code 1)',
      '       |-Failed publish(1)     flaky     mixed-9vkqw-flaky-3806272409  0s        Error (exit code 1)',
      '       |-Failed publish(2)     flaky     mixed-9vkqw-flaky-2329694842  0s        Error (exit code 1)',
      '       `-Failed publish(3)     flaky     mixed-9vkqw-flaky-1725553463  1s        Error (exit code 1)',
      '',
      ' Succeeded mixed-9vkqw.onExit  cleanup',
      ' `---Succeeded notify(0)       ok        mixed-9vkqw-ok-1995998764     0s',
    ],
  },
  {
    title: '--status Failed: hidden nodes leave their connectors to the next shown row; the exit section keeps its blank row',
    fixture: 'retries-exit',
    options: { filter: (n) => n.phase === 'Failed' },
    lines: [
      'STEP                   TEMPLATE  PODNAME                       DURATION  MESSAGE',
      ' ✖ mixed-9vkqw         main                                              child \'mixed-9vkqw-1488183419\' failed',
      ' └─┬─✖ flaky           flaky                                             No more retries left',
      '   │ ├─✖ flaky(0)      flaky     mixed-9vkqw-flaky-502742774   1s        Error (exit code 1)',
      '   │ ├─✖ flaky(1)      flaky     mixed-9vkqw-flaky-4193568691  0s        Error (exit code 1)',
      '   │ ├─✖ flaky(2)      flaky     mixed-9vkqw-flaky-2046577912  0s        Error (exit code 1)',
      '   │ └─✖ flaky(3)      flaky     mixed-9vkqw-flaky-100227013   0s        Error (exit code 1)',
      '   └─✖ pipeline        pipeline                                          child \'mixed-9vkqw-3743259021\' failed',
      '     └─✖ publish       flaky                                             No more retries left',
      '       ├─✖ publish(0)  flaky     mixed-9vkqw-flaky-115446492   0s        Error (exit code 1)',
      '       ├─✖ publish(1)  flaky     mixed-9vkqw-flaky-3806272409  0s        Error (exit code 1)',
      '       ├─✖ publish(2)  flaky     mixed-9vkqw-flaky-2329694842  0s        Error (exit code 1)',
      '       └─✖ publish(3)  flaky     mixed-9vkqw-flaky-1725553463  1s        Error (exit code 1)',
      '',
    ],
  },
  {
    title: 'step-level exit handlers sit in the steps boundary, ordered by start time and name',
    // Display names as Argo sets them (name minus the boundary's name and `[i].`).
    fixture: 'step-on-exit',
    lines: [
      'STEP                        TEMPLATE        PODNAME                                            DURATION  MESSAGE',
      ' ✔ container-on-exit-254ts  step-template',
      ' ├───✔ stepA                hello-world     container-on-exit-254ts-hello-world-589235859      0s',
      ' ├───✔ stepB                hello-world     container-on-exit-254ts-hello-world-3678597971     0s',
      ' ├─✔ stepA.onExit           exit-container  container-on-exit-254ts-exit-container-2920383130  0s',
      ' └─✔ stepB.onExit           exit-container  container-on-exit-254ts-exit-container-1203537882  0s',
    ],
  },
  {
    title: 'a Retry at the root with several attempts lists them under it',
    fixture: 'retry-root',
    lines: [
      'STEP                           TEMPLATE         PODNAME                                           DURATION  MESSAGE',
      ' ✔ retry-container-lcn98       retry-container',
      ' ├─✖ retry-container-lcn98(0)  retry-container  retry-container-lcn98-retry-container-718727333   0s        Error (exit code 1)',
      ' ├─✖ retry-container-lcn98(1)  retry-container  retry-container-lcn98-retry-container-517543000   0s        Error (exit code 1)',
      ' ├─✖ retry-container-lcn98(2)  retry-container  retry-container-lcn98-retry-container-2664533779  1s        Error (exit code 1)',
      ' └─✔ retry-container-lcn98(3)  retry-container  retry-container-lcn98-retry-container-3268675158  0s',
    ],
  },
];

describe('node tree golden output', () => {
  it.each(goldens)('$title', ({ fixture: name, options, lines }) => {
    expect(render(name, options)).toEqual(lines);
  });

  it('skipped steps stay (○ and their message), steps templates nest inside DAG tasks', () => {
    const lines = render('coinflip');
    expect(lines.slice(0, 15)).toEqual([
      'STEP                            TEMPLATE   PODNAME                                          DURATION  MESSAGE',
      ' ✔ dag-diamond-coinflip-x54lp   diamond',
      ' ├─✔ A                          coinflip',
      ' │ ├───✔ flip-coin              flip-coin  dag-diamond-coinflip-x54lp-flip-coin-251860921   1s',
      ' │ └─┬─○ heads                  heads                                                                 when \'tails == heads\' evaluated false',
      ' │   └─✔ tails                  coinflip',
      ' │     ├───✔ flip-coin          flip-coin  dag-diamond-coinflip-x54lp-flip-coin-4008481691  0s',
      ' │     └─┬─○ heads              heads                                                                 when \'tails == heads\' evaluated false',
      ' │       └─✔ tails              coinflip',
      ' │         ├───✔ flip-coin      flip-coin  dag-diamond-coinflip-x54lp-flip-coin-3182924957  0s',
      ' │         └─┬─○ heads          heads                                                                 when \'tails == heads\' evaluated false',
      ' │           └─✔ tails          coinflip',
      ' │             ├───✔ flip-coin  flip-coin  dag-diamond-coinflip-x54lp-flip-coin-3410551207  1s',
      ' │             └─┬─✔ heads      heads      dag-diamond-coinflip-x54lp-heads-4152614006      0s',
      ' │               └─○ tails      coinflip                                                              when \'heads == tails\' evaluated false',
    ]);
    expect(lines.slice(15).map((l) => l.slice(0, 32).trimEnd())).toEqual([
      ' ├─✔ B', ' │ ├───✔ flip-coin', ' │ └─┬─✔ heads', ' │   └─○ tails',
      ' ├─✔ C', ' │ ├───✔ flip-coin', ' │ └─┬─○ heads', ' │   └─✔ tails', ' │     ├───✔ flip-coin', ' │     └─┬─○ heads',
      ' │       └─✔ tails', ' │         ├───✔ flip-coin', ' │         └─┬─✔ heads', ' │           └─○ tails',
      ' └─✔ D', '   ├───✔ flip-coin', '   └─┬─○ heads', '     └─✔ tails', '       ├───✔ flip-coin', '       └─┬─✔ heads', '         └─○ tails',
    ]);
  });

  it('-o wide adds ARTIFACTS, RESOURCESDURATION and NODENAME; -o short adds NODENAME', () => {
    expect(render('steps', { wide: true })).toEqual([
      'STEP            TEMPLATE           PODNAME                               DURATION  ARTIFACTS  MESSAGE  RESOURCESDURATION  NODENAME',
      ' ✔ steps-fxvw9  hello-hello-hello',
      ' ├───✔ hello1   print-message      steps-fxvw9-print-message-2820514730  0s        main-logs                              argo-ts-local',
      ' └─┬─✔ hello2a  print-message      steps-fxvw9-print-message-2045774739  1s        main-logs                              argo-ts-local',
      '   └─✔ hello2b  print-message      steps-fxvw9-print-message-2062552358  1s        main-logs                              argo-ts-local',
    ]);
    expect(render('steps', { short: true })).toEqual([
      'STEP            TEMPLATE           PODNAME                               DURATION  MESSAGE  NODENAME',
      ' ✔ steps-fxvw9  hello-hello-hello',
      ' ├───✔ hello1   print-message      steps-fxvw9-print-message-2820514730  0s                 argo-ts-local',
      ' └─┬─✔ hello2a  print-message      steps-fxvw9-print-message-2045774739  1s                 argo-ts-local',
      '   └─✔ hello2b  print-message      steps-fxvw9-print-message-2062552358  1s                 argo-ts-local',
    ]);
  });

  it('colour does not move columns', () => {
    const plain = render('retries-exit', { style: { utf8: true, color: false } });
    expect(plain).toEqual(retriesExit);
    const wf = fixture('retries-exit');
    const coloured = treeTable(wf, { style: { utf8: true, color: true }, now: new Date(wf.status!.finishedAt!) });
    expect(coloured[1]![0]).toBe(' \x1b[31m✖\x1b[0m mixed-9vkqw');
  });
});
