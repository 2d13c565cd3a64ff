/**
 * A real single-node Slurm cluster for tests (Debian's slurm-wlm and munge, as root, no systemd): munged (unless
 * one already answers), slurmctld and slurmd with a generated slurm.conf in a temp dir (SLURM_CONF). `start`
 * resolves to null with the reason when it cannot run here; `stop` ends exactly the daemons it started.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export interface SlurmCluster {
  readonly env: NodeJS.ProcessEnv;
  readonly dir: string;
  stop(): void;
}

const TOOLS = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo'];

function which(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSlurm(dir: string): Promise<SlurmCluster | string> {
  if (process.getuid?.() !== 0) return 'not root: slurmd and munged need root here';
  const missing = TOOLS.filter((t) => !which(t));
  if (missing.length > 0) return `not installed: ${missing.join(', ')} (apt-get install slurm-wlm munge)`;
  const host = hostname().split('.')[0];
  const started: { name: string; pidFile: string }[] = [];
  const stop = () => {
    for (const { pidFile } of started.reverse()) {
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : NaN;
      if (Number.isInteger(pid) && pid > 0) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
    }
  };
  try {
    for (const sub of ['spool', 'state', 'log']) mkdirSync(path.join(dir, sub), { recursive: true });
    const conf = path.join(dir, 'slurm.conf');
    writeFileSync(
      conf,
      [
        'ClusterName=lungflowtest',
        `SlurmctldHost=${host}`,
        'AuthType=auth/munge',
        'ProctrackType=proctrack/linuxproc',
        'TaskPlugin=task/none',
        'SelectType=select/cons_tres',
        'SelectTypeParameters=CR_Core',
        'ReturnToService=2',
        'SlurmUser=root',
        'SlurmdUser=root',
        `SlurmctldPidFile=${dir}/slurmctld.pid`,
        `SlurmdPidFile=${dir}/slurmd.pid`,
        `SlurmdSpoolDir=${dir}/spool`,
        `StateSaveLocation=${dir}/state`,
        `SlurmctldLogFile=${dir}/log/slurmctld.log`,
        `SlurmdLogFile=${dir}/log/slurmd.log`,
        'JobCompType=jobcomp/none',
        'AccountingStorageType=accounting_storage/none',
        'MpiDefault=none',
        'KillWait=30',
        'SchedulerParameters=sched_interval=1',
        // One task per core (2 here), so an array's tasks run side by side.
        `NodeName=${host} CPUs=2 RealMemory=4000 State=UNKNOWN`,
        'PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP',
        '',
      ].join('\n'),
    );
    const env = { ...process.env, SLURM_CONF: conf };
    if (spawnSync('munge', ['-n'], { stdio: 'ignore' }).status !== 0) {
      if (!existsSync('/etc/munge/munge.key')) return 'no /etc/munge/munge.key (create it: mungekey --create, or 1024 random bytes, owner munge, mode 400)';
      mkdirSync('/run/munge', { recursive: true });
      execFileSync('chown', ['munge:munge', '/run/munge']);
      const pidFile = path.join(dir, 'munged.pid');
      const r = spawnSync('munged', ['--force', `--pid-file=${pidFile}`, `--log-file=${dir}/log/munged.log`], { encoding: 'utf8' });
      if (r.status !== 0) return `munged did not start: ${(r.stderr || r.stdout).trim().split('\n')[0]}`;
      started.push({ name: 'munged', pidFile });
    }
    for (const daemon of ['slurmctld', 'slurmd'] as const) {
      const r = spawnSync(daemon, [], { env, encoding: 'utf8' });
      started.push({ name: daemon, pidFile: path.join(dir, `${daemon}.pid`) });
      if (r.status !== 0) {
        stop();
        return `${daemon} did not start: ${(r.stderr || r.stdout).trim().split('\n')[0] || `exit ${r.status}`}`;
      }
    }
    for (let i = 0; i < 60; i++) {
      const r = spawnSync('sinfo', ['-h', '-o', '%T'], { env, encoding: 'utf8' });
      if (r.status === 0 && /^idle/m.test(r.stdout)) return { env, dir, stop };
      await sleep(500);
    }
    stop();
    return `the node did not come up idle in 30 s (see ${dir}/log)`;
  } catch (error) {
    stop();
    return `could not start Slurm: ${(error as Error).message.split('\n')[0]}`;
  }
}
