import type { UpgradeFrom, UpgradeTunability } from '../model/index.js';
import type { Diagnostics } from './diagnostic.js';
import { describeToken } from './lexer.js';
import type { RtrSyntax } from './syntax.js';
import { illegalVersionReason } from './values.js';

const TUNABILITIES: readonly UpgradeTunability[] = ['ANYTIME', 'WHEN_UNMONITORED', 'WHEN_OFFLINE', 'WHEN_DISABLED', 'WHEN_UNMANAGED', 'AT_CREATION'];

/**
 * Reads the `#$upgrade` / `#$upgrade_from "version" tunability` directives (rt_reg(4)). They
 * must sit between the last resource type property and the first paramtable entry; no other
 * directive exists. Returns the upgrade data when `#$upgrade` is present.
 */
export function readUpgrade(syntax: RtrSyntax, diags: Diagnostics): { readonly from: readonly UpgradeFrom[] } | undefined {
  const lastDeclaration = syntax.declarations.at(-1)?.seq ?? -1;
  const firstEntry = syntax.entries[0]?.seq ?? Number.POSITIVE_INFINITY;
  const from: UpgradeFrom[] = [];
  const versionsAt = new Map<string, number>();
  let upgradeAt: number | undefined;
  for (const { token, seq } of syntax.directives) {
    const name = token.text.toLowerCase();
    const args = token.args ?? [];
    if (name !== 'upgrade' && name !== 'upgrade_from') {
      diags.error(token, `unknown directive #$${token.text}: only #$upgrade and #$upgrade_from exist (write "# $" for a comment)`);
      continue;
    }
    if (seq < lastDeclaration || seq > firstEntry) {
      diags.error(token, `#$${token.text} must sit between the resource type properties and the paramtable`);
    }
    if (name === 'upgrade') {
      if (upgradeAt !== undefined) diags.error(token, `#$upgrade is given twice (first at line ${upgradeAt})`);
      upgradeAt ??= token.line;
      const [extra] = args;
      if (extra !== undefined) diags.error(extra, `#$upgrade takes no arguments, found ${describeToken(extra)}`);
      continue;
    }
    if (upgradeAt === undefined) diags.error(token, '#$upgrade_from needs a #$upgrade line before it');
    const [version, tunability, extra] = args;
    if (version === undefined || tunability === undefined) {
      diags.error(token, `#$upgrade_from needs a quoted version and a tunability, e.g. #$upgrade_from "1.0" ANYTIME`);
      continue;
    }
    if (extra !== undefined) diags.error(extra, `unexpected ${describeToken(extra)} after the tunability of #$upgrade_from`);
    const why = version.text === '' ? undefined : illegalVersionReason(version.text);
    if (why !== undefined) diags.error(version, `#$upgrade_from version "${version.text}" ${why}`);
    const level = TUNABILITIES.find((t) => t === tunability.text.toUpperCase());
    if (level === undefined) diags.error(tunability, `#$upgrade_from tunability must be one of ${TUNABILITIES.join(', ')}, not "${tunability.text}"`);
    const earlier = versionsAt.get(version.text);
    if (earlier !== undefined) diags.error(version, `#$upgrade_from "${version.text}" is given twice (first at line ${earlier})`);
    versionsAt.set(version.text, version.line);
    if (level !== undefined && why === undefined && earlier === undefined) from.push({ version: version.text, tunability: level });
  }
  return upgradeAt === undefined ? undefined : { from };
}
