import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const BASE_DN = 'dc=example,dc=org';
const PEOPLE_DN = `ou=people,${BASE_DN}`;
const ROOT_DN = `cn=root,${BASE_DN}`;
const SERVICE_DN = `cn=resetline,${BASE_DN}`;
const POLICY_DN = `cn=default,ou=policies,${BASE_DN}`;

/** The directory's password policy (ppolicy): passwords shorter than this are refused. */
export const PPOLICY_MIN_LENGTH = 10;

export type SeedUser = Readonly<{ uid: string; dn: string; password: string }>;

/** The entries every test directory starts with. */
export const seedUsers = {
  alice: person('alice', 'Alice Example'),
  /** Locked by ppolicy (pwdAccountLockedTime) after failed binds (pwdFailureTime). */
  bob: person('bob', 'Bob Locked'),
  carol: person('carol', 'Carol Example', 'shared@example.org'),
  dave: person('dave', 'Dave Example', 'shared@example.org'),
  erin: person('erin', 'Erin Example'),
  /** A uid holding a filter metacharacter: found only when `*` is matched literally. */
  starUser: person('star*user', 'Star User'),
  /** An entry carrying AD's attribute names (sAMAccountName, unicodePwd, lockoutTime). */
  adUser: {
    uid: 'ad.user',
    dn: `cn=AD User,${PEOPLE_DN}`,
    password: 'ad-user-old-password-1',
    cn: 'AD User',
  },
  /** An RDN that needs DN escaping (`cn=Smith\, John`). */
  smith: {
    uid: 'jsmith',
    dn: `cn=Smith\\, John,${PEOPLE_DN}`,
    password: 'jsmith-old-password-1',
    cn: 'Smith, John',
  },
} as const;

export type Slapd = Readonly<{
  url: string;
  port: number;
  /** The same directory over TLS, with a self-signed certificate for 127.0.0.1. */
  ldapsUrl: string;
  /** PEM of that certificate, to trust it as a CA. */
  certificate: string;
  baseDn: string;
  /** The rootdn: bypasses ACLs and ppolicy; for reading back what the directory holds. */
  rootDn: string;
  rootPassword: string;
  /** Resetline's service account: writes userPassword subject to ppolicy, manages the lockout. */
  serviceDn: string;
  servicePassword: string;
  /** True when `dn` binds with `password` (checked with ldapwhoami, not the code under test). */
  canBind(dn: string, password: string): Promise<boolean>;
  /** The entry's attributes as the rootdn sees them (operational ones only when named). */
  read(dn: string, attributes: readonly string[]): Promise<Record<string, string[]>>;
  /** The same, values as raw bytes (for binary attributes such as unicodePwd). */
  readBytes(dn: string, attributes: readonly string[]): Promise<Record<string, Buffer[]>>;
  /** SIGTERM, then waits for the process to exit, so the port is free again. */
  stop(): Promise<void>;
  /** Starts again on the same port with the same data. */
  start(): Promise<void>;
  /** SIGSTOP: the port still accepts connections but nothing answers (a hung server). */
  pause(): void;
  resume(): void;
  /** Stops and removes the temp directory. */
  dispose(): Promise<void>;
}>;

/**
 * Starts a real slapd (Debian's OpenLDAP 2.5, installed by scripts/install-test-deps.sh) from a
 * temp directory on a free port, with the ppolicy overlay and the seed entries loaded.
 */
export async function startSlapd(): Promise<Slapd> {
  const dir = await mkdtemp(join(tmpdir(), 'resetline-slapd-'));
  const rootPassword = randomBytes(12).toString('base64url');
  const servicePassword = randomBytes(12).toString('base64url');
  await mkdir(join(dir, 'db'));
  await writeFile(join(dir, 'slapd.conf'), slapdConf(dir, rootPassword));
  await writeFile(join(dir, 'activeDirectory.schema'), activeDirectorySchema);
  await writeFile(join(dir, 'seed.ldif'), seedLdif(servicePassword));
  await ldapTool('openssl', [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'],
    ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2'],
    ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
  ]);
  const certificate = await readFile(join(dir, 'cert.pem'), 'utf8');
  await ldapTool('slapadd', ['-f', join(dir, 'slapd.conf'), '-l', join(dir, 'seed.ldif')]);

  let port = 0;
  let tlsPort = 0;
  let child: ChildProcess | undefined;
  let paused = false;
  const url = () => `ldap://127.0.0.1:${port}`;
  const ldapsUrl = () => `ldaps://127.0.0.1:${tlsPort}`;

  const start = async () => {
    child = await launch(dir, [url(), ldapsUrl()]);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    if (paused) running.kill('SIGCONT');
    paused = false;
    const killLater = setTimeout(() => running.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killLater);
  };

  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    tlsPort = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      // Another process may take the port between freePort() and slapd's listen().
      if (attempt >= 3) throw error;
    }
  }
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  return {
    get url() {
      return url();
    },
    port,
    ldapsUrl: ldapsUrl(),
    certificate,
    baseDn: BASE_DN,
    rootDn: ROOT_DN,
    rootPassword,
    serviceDn: SERVICE_DN,
    servicePassword,
    canBind: (dn, password) => canBind(url(), dn, password),
    read: async (dn, attributes) =>
      Object.fromEntries(
        Object.entries(await readBytes(url(), rootPassword, dn, attributes)).map(
          ([name, values]) => [name, values.map((value) => value.toString('utf8'))],
        ),
      ),
    readBytes: (dn, attributes) => readBytes(url(), rootPassword, dn, attributes),
    start,
    stop,
    pause() {
      child?.kill('SIGSTOP');
      paused = true;
    },
    resume() {
      child?.kill('SIGCONT');
      paused = false;
    },
    async dispose() {
      await stop();
      process.removeListener('exit', killOnExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function launch(dir: string, urls: readonly string[]): Promise<ChildProcess> {
  const listeners = urls.map((url) => `${url}/`).join(' ');
  // -d 0 keeps slapd in the foreground, so it is our child and we can wait for its exit.
  const child = spawn('slapd', ['-f', join(dir, 'slapd.conf'), '-h', listeners, '-d', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const ports = urls.map((url) => Number(new URL(url).port));
  const deadline = Date.now() + 5_000;
  while (!(await Promise.all(ports.map(answers))).every(Boolean)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`slapd exited (${child.exitCode ?? child.signalCode}): ${stderr.trim()}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`slapd did not listen on ${listeners} within 5 s: ${stderr.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return child;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function canBind(url: string, dn: string, password: string): Promise<boolean> {
  try {
    await ldapTool('ldapwhoami', ['-x', '-H', url, '-D', dn, '-w', password]);
    return true;
  } catch (error) {
    if ((error as { code?: unknown }).code === 49) return false;
    throw error;
  }
}

async function readBytes(
  url: string,
  rootPassword: string,
  dn: string,
  attributes: readonly string[],
): Promise<Record<string, Buffer[]>> {
  const { stdout } = await ldapTool('ldapsearch', [
    ...['-LLL', '-x', '-o', 'ldif-wrap=no', '-H', url, '-D', ROOT_DN, '-w', rootPassword],
    ...['-s', 'base', '-b', dn, '(objectClass=*)', ...attributes],
  ]);
  const entry: Record<string, Buffer[]> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([\w;-]+)(::?) (.*)$/.exec(line);
    if (!match || match[1] === 'dn') continue;
    const [, name = '', separator, value = ''] = match;
    const bytes = Buffer.from(value, separator === '::' ? 'base64' : 'utf8');
    (entry[name] ??= []).push(bytes);
  }
  return entry;
}

async function ldapTool(
  command: string,
  args: readonly string[],
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, [...args], { timeout: 10_000 });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') {
      throw new Error(`${command} is not installed: run scripts/install-test-deps.sh`);
    }
    throw error;
  }
}

function person(uid: string, cn: string, mail?: string) {
  return { uid, dn: `uid=${uid},${PEOPLE_DN}`, password: `${uid}-old-password-1`, cn, mail };
}

/** {SSHA} as slapd stores it, so seed entries look like real ones. */
function ssha(password: string): string {
  const salt = randomBytes(8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

// AD's own names and OIDs for the attributes the Active Directory dialect writes, so its LDAP
// operations run against a real server. slapd stores them as given: it does not play AD's part
// (hashing unicodePwd, enforcing LDAPS); the unit tests cover that contract.
const activeDirectorySchema = `attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
  EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.90 NAME 'unicodePwd'
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.662 NAME 'lockoutTime'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.4203.666.11.1 NAME 'resetlineActiveDirectoryUser' AUXILIARY
  MAY ( sAMAccountName $ unicodePwd $ lockoutTime ) )
`;

function slapdConf(dir: string, rootPassword: string): string {
  // OpenLDAP 2.5 builds the ppolicy schema into the module: no ppolicy.schema to include.
  // No ppolicy_hash_cleartext: a plain userPassword replace would be stored in clear, which
  // is exactly what the tests must be able to catch.
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include ${join(dir, 'activeDirectory.schema')}
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile ${join(dir, 'slapd.pid')}
TLSCertificateFile ${join(dir, 'cert.pem')}
TLSCertificateKeyFile ${join(dir, 'key.pem')}

database mdb
suffix "${BASE_DN}"
rootdn "${ROOT_DN}"
rootpw ${rootPassword}
directory ${join(dir, 'db')}
maxsize 10485760

overlay ppolicy
ppolicy_default "${POLICY_DN}"

# The service account has write, not manage, on userPassword: with manage ppolicy would treat
# it as a password administrator and skip the quality checks.
access to attrs=userPassword
  by dn.exact="${SERVICE_DN}" write
  by self write
  by anonymous auth
  by * none
access to attrs=pwdAccountLockedTime,pwdFailureTime
  by dn.exact="${SERVICE_DN}" manage
  by * read
access to attrs=unicodePwd,lockoutTime
  by dn.exact="${SERVICE_DN}" write
  by * none
access to *
  by * read
`;
}

function seedLdif(servicePassword: string): string {
  const entries = [
    `dn: ${BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example`,
    `dn: ou=policies,${BASE_DN}\nobjectClass: organizationalUnit\nou: policies`,
    [
      `dn: ${POLICY_DN}`,
      'objectClass: device',
      'objectClass: pwdPolicy',
      'cn: default',
      'pwdAttribute: userPassword',
      `pwdMinLength: ${PPOLICY_MIN_LENGTH}`,
      'pwdCheckQuality: 2',
      'pwdLockout: TRUE',
      'pwdMaxFailure: 5',
      'pwdAllowUserChange: TRUE',
    ].join('\n'),
    [
      `dn: ${SERVICE_DN}`,
      'objectClass: simpleSecurityObject',
      'objectClass: organizationalRole',
      'cn: resetline',
      `userPassword: ${ssha(servicePassword)}`,
    ].join('\n'),
    `dn: ${PEOPLE_DN}\nobjectClass: organizationalUnit\nou: people`,
    ...Object.values(seedUsers).map((user) =>
      [
        `dn: ${user.dn}`,
        'objectClass: inetOrgPerson',
        `uid: ${user.uid}`,
        `cn: ${user.cn}`,
        `sn: ${user.cn.split(/[ ,]+/).at(-1)}`,
        ...('mail' in user && user.mail ? [`mail: ${user.mail}`] : []),
        `userPassword: ${ssha(user.password)}`,
        ...(user === seedUsers.adUser
          ? [
              'objectClass: resetlineActiveDirectoryUser',
              `sAMAccountName: ${user.uid}`,
              'lockoutTime: 133500000000000000',
            ]
          : []),
        ...(user === seedUsers.bob
          ? [
              'pwdAccountLockedTime: 20240101000000Z',
              'pwdFailureTime: 20240101000000Z',
              'pwdFailureTime: 20240101000001Z',
            ]
          : []),
      ].join('\n'),
    ),
  ];
  return `${entries.join('\n\n')}\n`;
}
