import { SuiteDef } from '../suites';
import { TargetsFile } from '../targets/targets';

// Which of a suite's k6 scripts a run executes. A script may declare the profiles it is for in
// targets.json (`suites.<suite>.script_profiles`: stem → profiles), e.g. ingestion's soak-test
// under soak only; a script not listed there runs under every profile.

/** The profiles `script` (a stem) is for, or undefined when it runs under every profile. */
export function profilesOf(targets: TargetsFile | undefined, suite: SuiteDef, stem: string): string[] | undefined {
  return targets?.suites[suite.targetsSuite]?.script_profiles?.[stem];
}

/**
 * The suite's k6 scripts for this profile, or only those named (file stems, e.g. ["profile"]);
 * throws on none, and on a named script that is not for the profile.
 */
export function selectScripts(
  suite: SuiteDef,
  only?: string[],
  forProfile?: { profile: string; targets: TargetsFile },
): string[] {
  const isFor = (s: string) => {
    const declared = profilesOf(forProfile?.targets, suite, stemOf(s));
    return !forProfile || !declared || declared.includes(forProfile.profile);
  };
  if (only?.length) {
    const named = suite.scripts.filter((s) => only.includes(stemOf(s)));
    const notFor = named.filter((s) => !isFor(s));
    if (notFor.length)
      throw new Error(
        `${suite.name}: ${notFor.map((s) => `${stemOf(s)} runs under ${profilesOf(forProfile?.targets, suite, stemOf(s))!.join(', ')} only`).join('; ')} (targets.json suites.${suite.targetsSuite}.script_profiles), not under ${forProfile!.profile}`,
      );
    if (!named.length) throw new Error(`${suite.name}: no k6 scripts named ${only.join(', ')} found`);
    return named;
  }
  const chosen = suite.scripts.filter(isFor);
  if (!chosen.length)
    throw new Error(
      `${suite.name}: no k6 scripts${suite.scripts.length ? ` for profile ${forProfile?.profile} (targets.json suites.${suite.targetsSuite}.script_profiles)` : ''} found`,
    );
  return chosen;
}

/** load-tests/auth/profile.js → profile */
export function stemOf(script: string): string {
  return script.replace(/^.*\//, '').replace(/\.js$/, '');
}
