import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

/** One Dockerfile instruction: its keyword, its `--flag=value` options and its arguments. */
export interface DockerInstruction {
  keyword: string;
  flags: Map<string, string>;
  /** Shell form: the one command line; exec (JSON) form: the array. */
  args: string[];
  /** `CMD`/`RUN`/`ENTRYPOINT` written as a JSON array (exec form, no shell). */
  execForm: boolean;
  line: number;
}

export interface DockerStage {
  /** `FROM <image>`. */
  image: string;
  /** `AS <name>`, or the stage's index. */
  name: string;
  instructions: DockerInstruction[];
}

/**
 * The instructions of a Dockerfile by stage, as the Docker builder reads them: comments and
 * parser directives dropped, `\` continuations joined, leading `--flag=value` options split off,
 * JSON arrays taken as exec form. Enough of the format for the repository's own Dockerfiles;
 * an instruction it does not know is kept with its raw arguments.
 */
export const parseDockerfile = (text: string): DockerStage[] => {
  const stages: DockerStage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i + 1;
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && i + 1 < lines.length) {
      line = line.replace(/\\\s*$/, ' ');
      i++;
      if (/^\s*#/.test(lines[i]!)) continue;
      line += lines[i]!.trim();
    }
    const match = /^\s*(\w+)\s+(.*)$/.exec(line);
    if (!match) throw new Error(`line ${start}: cannot read "${line}"`);
    const keyword = match[1]!.toUpperCase();
    let rest = match[2]!.trim();
    const flags = new Map<string, string>();
    for (let flag = /^--([\w-]+)(?:=(\S*))?\s+/.exec(rest); flag; flag = /^--([\w-]+)(?:=(\S*))?\s+/.exec(rest)) {
      flags.set(flag[1]!, flag[2] ?? 'true');
      rest = rest.slice(flag[0].length);
    }
    let args: string[];
    let execForm = false;
    if (['RUN', 'CMD', 'ENTRYPOINT'].includes(keyword)) {
      if (rest.startsWith('[')) {
        args = JSON.parse(rest) as string[];
        execForm = true;
      } else args = [rest];
    } else if (keyword === 'COPY' && rest.startsWith('[')) args = JSON.parse(rest) as string[];
    else args = rest.split(/\s+/);
    if (keyword === 'FROM') {
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      stages.push({ image: args[0]!, name: as > 0 ? args[as + 1]! : String(stages.length), instructions: [] });
      continue;
    }
    if (stages.length === 0) throw new Error(`line ${start}: ${keyword} before FROM`);
    stages.at(-1)!.instructions.push({ keyword, flags, args, execForm, line: start });
  }
  return stages;
};

/** `ENV a=b c=d` and `ENV a b` as pairs. */
export const envOf = (instruction: DockerInstruction): [string, string][] => {
  if (instruction.args.length === 2 && !instruction.args[0]!.includes('=')) return [[instruction.args[0]!, instruction.args[1]!]];
  return instruction.args.map((pair) => {
    const at = pair.indexOf('=');
    return [pair.slice(0, at), pair.slice(at + 1).replace(/^"(.*)"$/, '$1')];
  });
};

/** A `.dockerignore` as a predicate on paths relative to the context (`**`, `*`, leading-folder matches). */
export const dockerIgnore = (text: string): ((path: string) => boolean) => {
  const patterns = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((pattern) => {
      const source = pattern
        .replace(/^\/+/, '')
        .split('/')
        .map((part) => (part === '**' ? '\u0000' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
        .join('/')
        .replace(/\u0000\//g, '(?:.*/)?')
        .replace(/\u0000/g, '.*');
      return new RegExp(`^${source}(?:/.*)?$`);
    });
  return (path) => patterns.some((p) => p.test(path));
};

/**
 * `COPY` from the build context into a stage's folder, as the builder does: each source (a
 * file, or a folder whose contents are copied) minus what `.dockerignore` excludes, into `dest`
 * (a folder when it ends in `/` or there are several sources).
 */
export const copyFromContext = (context: string, ignored: (path: string) => boolean, sources: string[], dest: string, destIsFolder: boolean): string[] => {
  const copied: string[] = [];
  for (const source of sources) {
    const from = join(context, source);
    if (ignored(posix.normalize(source)) || !existsSync(from)) throw new Error(`COPY ${source}: not in the build context (missing or excluded by .dockerignore)`);
    const isFolder = statSync(from).isDirectory();
    const target = isFolder ? dest : destIsFolder ? join(dest, posix.basename(source)) : dest;
    if (!isFolder) {
      mkdirSync(dirname(target), { recursive: true });
      cpSync(from, target);
      copied.push(source);
      continue;
    }
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        const inContext = relative(context, path).split('\\').join('/');
        if (ignored(inContext)) continue;
        if (entry.isDirectory()) walk(path);
        else {
          const to = join(target, relative(from, path));
          mkdirSync(dirname(to), { recursive: true });
          cpSync(path, to);
          copied.push(inContext);
        }
      }
    };
    walk(from);
  }
  return copied;
};

export const readDockerfile = (path: string): DockerStage[] => parseDockerfile(readFileSync(path, 'utf8'));
