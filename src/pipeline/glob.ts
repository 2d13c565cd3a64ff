const GLOB_CHARS = /[*?[]/;

export function isGlob(p: string): boolean {
  return GLOB_CHARS.test(p);
}

/** The folder a glob starts from: everything before the first segment with a wildcard. */
export function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const firstWild = segments.findIndex((s) => GLOB_CHARS.test(s));
  const base = segments.slice(0, firstWild).join('/');
  return base === '' ? (pattern.startsWith('/') ? '/' : '.') : base;
}

/** `**` spans folders, `*` and `?` stay within one, `[...]` is a character class. */
export function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, '^')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
