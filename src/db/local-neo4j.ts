import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../config';

const run = promisify(execFile);

export const LAUNCHER_DIR = path.join(PROJECT_ROOT, 'tools', 'neo4j-local');
const TARGET = path.join(LAUNCHER_DIR, 'target');
const STAMP = path.join(TARGET, '.build-stamp');
const MAIN_CLASS = 'app.neo4jlocal.Neo4jLocal';
const SUPPORTED_JAVA = [17, 21];

/** Flags Neo4j 5 needs on Java 17+ for its off-heap and reflective access. */
const JVM_FLAGS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-exports=java.base/sun.nio.ch=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-XX:+UseG1GC',
  '-XX:+ExitOnOutOfMemoryError',
];

export interface LocalNeo4jOptions {
  /** Folder for the store and logs. */
  home: string;
  /** Bolt port; 0 lets the server pick a free one. */
  port: number;
  /** Password for user neo4j; undefined starts with auth off. */
  password?: string;
  heap: string;
  pageCacheMb: number;
  /** A folder of procedure jars to load (APOC Core for the benchmark's peer). */
  plugins?: string;
  /** Called with each line the server prints, for logging. */
  onOutput?: (line: string) => void;
  startTimeoutMs?: number;
}

export class LocalNeo4jError extends Error {
  override name = 'LocalNeo4jError';
}

/** A Neo4j Community server running in a child JVM of this process. */
export class LocalNeo4j {
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly uri: string,
  ) {
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });
  }

  static async start(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
    await buildLauncher();
    const java = await findJava();
    await mkdir(options.home, { recursive: true });
    const args = [
      `-Xmx${options.heap}`,
      ...JVM_FLAGS,
      '-cp',
      // Plugins go on the class path too: their extensions (APOC's configuration) are found there, their procedures in the folder.
      classPath(options.plugins),
      MAIN_CLASS,
      `--home=${options.home}`,
      `--port=${options.port}`,
      `--page-cache-mb=${options.pageCacheMb}`,
      `--parent-pid=${process.pid}`,
      '--watch-stdin',
      ...(options.password ? [`--password=${options.password}`] : []),
      ...(options.plugins ? [`--plugins=${options.plugins}`] : []),
    ];
    // stdin stays an open pipe: when this process dies for any reason, the JVM reads end-of-input and stops.
    const child = spawn(java, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const uri = await waitForReady(child, options);
    return new LocalNeo4j(child, uri);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Stops the server cleanly (SIGTERM), killing it only if it has not stopped within the timeout. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin?.end();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

function waitForReady(child: ChildProcess, options: LocalNeo4jOptions): Promise<string> {
  const timeoutMs = options.startTimeoutMs ?? 180_000;
  const recent: string[] = [];
  return new Promise((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      const tail = recent.length > 0 ? `\nlast output:\n${recent.join('\n')}` : '';
      reject(new LocalNeo4jError(`${message} (logs: ${path.join(options.home, 'logs', 'debug.log')})${tail}`));
    };
    const timer = setTimeout(() => fail(`local Neo4j did not report ready within ${timeoutMs / 1000}s`), timeoutMs);
    const remember = (line: string) => {
      recent.push(line);
      if (recent.length > 15) recent.shift();
      options.onOutput?.(line);
    };
    createInterface({ input: child.stderr! }).on('line', remember);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      remember(line);
      if (line.startsWith('NEO4J_LOCAL_READY ')) {
        clearTimeout(timer);
        resolve(line.slice('NEO4J_LOCAL_READY '.length).trim());
      } else if (line.startsWith('NEO4J_LOCAL_FAILED ')) {
        fail(`local Neo4j failed to start: ${line.slice('NEO4J_LOCAL_FAILED '.length)}`);
      }
    });
    child.once('error', (e) => fail(`could not run java: ${e.message}`));
    child.once('exit', (code, signal) => fail(`local Neo4j exited before it was ready (code ${code}, signal ${signal})`));
  });
}

function classPath(plugins?: string): string {
  return [path.join(TARGET, 'classes'), path.join(TARGET, 'lib', '*'), ...(plugins ? [path.join(plugins, '*')] : [])].join(path.delimiter);
}

/**
 * Runs a `neo4j-admin` command (e.g. `database import full …`) on the store in `home`, the folder a
 * LocalNeo4j keeps its data in, while no server runs on it; `onOutput` sees what the tool prints.
 * A non-zero exit rejects with what it said about the failure.
 */
export async function runNeo4jAdmin(
  home: string,
  command: string[],
  options: { heap?: string; onOutput?: (line: string) => void } = {},
): Promise<void> {
  await buildLauncher();
  const java = await findJava();
  // The tool reads neo4j.conf from NEO4J_CONF; an empty one keeps every default, so the store is home/data as the launcher's.
  const conf = path.join(home, 'conf');
  await mkdir(conf, { recursive: true });
  if (!existsSync(path.join(conf, 'neo4j.conf'))) await writeFile(path.join(conf, 'neo4j.conf'), '');
  const child = spawn(java, [`-Xmx${options.heap ?? '1g'}`, ...JVM_FLAGS, '-cp', classPath(), 'org.neo4j.cli.AdminTool', ...command], {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: conf },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // What the tool says, without its progress bars and stack frames: the last lines are kept for a failure's message.
  const said: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      options.onOutput?.(line);
      if (line.trim() === '' || /^\s*(\.|at |\/)|\d+%/.test(line)) return;
      said.push(line);
      if (said.length > 30) said.shift();
    });
  }
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (e) => reject(new LocalNeo4jError(`could not run java: ${e.message}`)));
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new LocalNeo4jError(`neo4j-admin ${command.slice(0, 3).join(' ')} failed (exit ${code}):\n${said.join('\n')}`);
  }
}

/** Compiles the launcher and copies its dependencies, unless the last build is still current. */
export async function buildLauncher(): Promise<void> {
  const stamp = await sourceStamp();
  const built = existsSync(STAMP) ? await readFile(STAMP, 'utf8') : '';
  if (built === stamp && existsSync(path.join(TARGET, 'lib'))) return;
  try {
    await run('mvn', ['-B', '-q', '-DskipTests', 'package', 'dependency:copy-dependencies'], {
      cwd: LAUNCHER_DIR,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (err.code === 'ENOENT') {
      throw new LocalNeo4jError(
        'cannot start a local Neo4j: Maven (mvn) is not installed. Install Maven and JDK 17 or 21 ' +
          '(Debian: apt-get install maven openjdk-17-jdk-headless), or set NEO4J_URI to an existing Neo4j 5.26+ server.',
      );
    }
    throw new LocalNeo4jError(`building the local Neo4j launcher failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
  await writeFile(STAMP, stamp);
}

async function sourceStamp(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(await readFile(path.join(LAUNCHER_DIR, 'pom.xml')));
  const srcDir = path.join(LAUNCHER_DIR, 'src', 'main', 'java', 'app', 'neo4jlocal');
  for (const name of (await readdir(srcDir)).sort()) hash.update(await readFile(path.join(srcDir, name)));
  return hash.digest('hex');
}

/** A Java runtime Neo4j 5 supports: JAVA_HOME's, the one on PATH, or one installed under /usr/lib/jvm. */
export async function findJava(): Promise<string> {
  const candidates: string[] = [];
  if (process.env.JAVA_HOME) candidates.push(path.join(process.env.JAVA_HOME, 'bin', 'java'));
  candidates.push('java');
  const jvmRoot = '/usr/lib/jvm';
  if (existsSync(jvmRoot)) {
    for (const name of (await readdir(jvmRoot)).sort()) candidates.push(path.join(jvmRoot, name, 'bin', 'java'));
  }
  const seen: string[] = [];
  for (const candidate of candidates) {
    const major = await javaMajorVersion(candidate);
    if (major === undefined) continue;
    if (SUPPORTED_JAVA.includes(major)) return candidate;
    seen.push(`${candidate} is Java ${major}`);
  }
  const found = seen.length > 0 ? ` Found: ${seen.join('; ')}.` : ' No java was found.';
  throw new LocalNeo4jError(
    `cannot start a local Neo4j: it needs Java ${SUPPORTED_JAVA.join(' or ')}.${found} ` +
      'Install a JDK 17 (Debian: apt-get install openjdk-17-jdk-headless) and/or set JAVA_HOME, or set NEO4J_URI to an existing Neo4j 5.26+ server.',
  );
}

async function javaMajorVersion(java: string): Promise<number | undefined> {
  try {
    const { stderr, stdout } = await run(java, ['-version']);
    const match = /version "(\d+)(?:\.(\d+))?/.exec(stderr + stdout);
    if (!match) return undefined;
    const first = Number(match[1]);
    return first === 1 ? Number(match[2]) : first;
  } catch {
    return undefined;
  }
}
