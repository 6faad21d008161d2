import { type ComponentFacts, helmChartArg, kustomizeTarget } from './classify';
import { shq, words } from './shell-quote';

/**
 * Command lines shared by the scripts and the READMEs, so both show the same thing. Every value
 * goes through `shq`; `valuesPath` and `manifestsPath` are shell words already (a double-quoted
 * script-relative path, or a quoted relative path in a README).
 */

export interface HelmCommandOptions {
  valuesPath: string;
  /** `upgrade --install … --create-namespace` (install) or plain `upgrade` (README upgrade). */
  install: boolean;
  /** Wait flags as words (e.g. `--wait --timeout 10m`, or an array expansion in scripts). */
  wait: string;
}

/** `helm upgrade [--install] <name> <chart> [--repo <source>] [--version <v>] …` (§6.2). */
export function helmUpgradeLines(f: ComponentFacts, o: HelmCommandOptions): string[] {
  const lines = [
    words('helm upgrade', o.install && '--install', shq(f.name), shq(helmChartArg(f))),
    !f.oci && words('--repo', shq(f.source)),
    f.version && words('--version', shq(f.version)),
    f.namespace && words('--namespace', shq(f.namespace), o.install && '--create-namespace'),
    words('--values', o.valuesPath),
    o.wait,
  ].filter((l): l is string => typeof l === 'string' && l !== '');
  return continued(lines);
}

export function helmUninstallLine(f: ComponentFacts, timeout: string, extra = ''): string {
  return words('helm uninstall', shq(f.name), f.namespace && words('--namespace', shq(f.namespace)), '--ignore-not-found', `--timeout ${timeout}`, extra);
}

export const kustomizeTargetWord = (f: ComponentFacts) => shq(kustomizeTarget(f));

export const namespaceCreateLine = (f: ComponentFacts) =>
  `kubectl create namespace ${shq(f.namespace)} --dry-run=client -o yaml | kubectl apply -f -`;

export const urlApplyLine = (url: string) => `kubectl apply --server-side -f ${shq(url)}`;

/** Joins a multi-line command with ` \` continuations, indenting the follow-up lines. */
export function continued(lines: string[]): string[] {
  return lines.map((l, i) => (i === 0 ? l : `  ${l}`)).map((l, i, all) => (i < all.length - 1 ? `${l} \\` : l));
}
