/** Human-friendly session names: two words, such as "amber-heron". */
const ADJECTIVES = [
  'amber', 'brisk', 'calm', 'crisp', 'dusky', 'eager', 'fabled', 'gentle', 'hidden', 'ivory', 'jolly', 'keen',
  'lively', 'mellow', 'nimble', 'olive', 'plucky', 'quiet', 'rapid', 'silver', 'tidy', 'umber', 'vivid', 'witty',
  'young', 'zesty', 'bold', 'cobalt', 'dapper', 'frosty', 'golden', 'hazel', 'lucid', 'misty', 'noble', 'proud',
];
const NOUNS = [
  'heron', 'otter', 'falcon', 'badger', 'lynx', 'marten', 'wren', 'ibis', 'koala', 'lemur', 'newt', 'osprey',
  'panda', 'quail', 'raven', 'stoat', 'tapir', 'urchin', 'vole', 'walrus', 'yak', 'zebra', 'bison', 'crane',
  'dingo', 'egret', 'ferret', 'gecko', 'hare', 'jackal', 'kestrel', 'magpie', 'narwhal', 'puffin', 'robin', 'swift',
];

/** A name not in `taken`; a number is added only when every pair is used. */
export function sessionName(taken: ReadonlySet<string>, random: () => number = Math.random): string {
  for (let attempt = 0; attempt < 50; attempt++) {
    const name = `${ADJECTIVES[Math.floor(random() * ADJECTIVES.length)]}-${NOUNS[Math.floor(random() * NOUNS.length)]}`;
    if (!taken.has(name)) return name;
  }
  for (let n = 2; ; n++) {
    const name = `${ADJECTIVES[0]}-${NOUNS[0]}-${n}`;
    if (!taken.has(name)) return name;
  }
}

/** A session is named after its folder ("api" for /srv/api), numbered when that name is taken; two words when the folder says nothing. */
export function sessionNameFor(folder: string, taken: ReadonlySet<string>, random: () => number = Math.random): string {
  const base = folder.replace(/[\\/]+$/, '').split(/[\\/]/).at(-1)?.trim().slice(0, 60) ?? '';
  if (!base || base === '~' || base === '.') return sessionName(taken, random);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
