import { describe, expect, it } from 'vitest';
import { catalogue } from '../../main/contract/catalogue.js';
import { mulberry32, synthesizeEvent } from '../../main/engine/synthetic.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i * 7919 + 1);
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const CVE = /^CVE-\d{4}-\d{4,}$/;
const PURL = /^pkg:[a-z]+\/[^@\s]+@[^@\s]+$/;
const POLICY_TRIGGERS = ['sca_policy_has_been_triggered', 'osa_policy_has_been_triggered'];

describe('synthesizeEvent', () => {
  it('gives a payload that parses with its trigger schema, for every trigger and 20 seeds × 3 indexes', () => {
    for (const trigger of catalogue) {
      for (const seed of SEEDS) {
        for (const index of [0, 1, 2]) {
          const payload = synthesizeEvent(trigger.name, seed, index);
          const parsed = trigger.payload.safeParse(payload);
          expect(parsed.success, `${trigger.name} seed ${seed} index ${index}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        }
      }
    }
  });

  it('fills every described field of non-empty schemas with the right kind of value', () => {
    const payload = synthesizeEvent('project_sca_analysis_finished', 3);
    expect(Object.keys(payload).sort()).toEqual(['dependencies_count', 'project_id', 'project_name', 'vulnerabilities_count']);
    expect(payload.project_name).toMatch(/^[a-z0-9-]+$/);
    expect(synthesizeEvent('test', 3)).toEqual({});
    const disabled = synthesizeEvent('integration_auto_disabled', 3);
    expect(new Date(disabled.disabled_at as string).toISOString()).toBe(disabled.disabled_at);
    expect(disabled.integration_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(['webhook', 'email', 'jira']).toContain(disabled.integration_kind);
  });

  it('is deterministic: the same trigger, seed and index give the same payload', () => {
    for (const trigger of catalogue) {
      expect(synthesizeEvent(trigger.name, 42, 5)).toEqual(synthesizeEvent(trigger.name, 42, 5));
    }
  });

  it('differs for different seeds and different indexes', () => {
    const bySeed = new Set(SEEDS.map((seed) => JSON.stringify(synthesizeEvent('sca_policy_has_been_triggered', seed))));
    expect(bySeed.size).toBeGreaterThanOrEqual(18);
    const byIndex = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(synthesizeEvent('project_sca_analysis_failed', 1, i))));
    expect(byIndex.size).toBeGreaterThanOrEqual(18);
    expect(synthesizeEvent('project_sca_analysis_started', 1)).not.toEqual(synthesizeEvent('project_sca_analysis_started', 2));
  });

  it('gives plausible policy alerts: CVE ids, purls that agree with the dependency, allowed severities, a realistic share of blockers', () => {
    let blockers = 0;
    let total = 0;
    let withCve = 0;
    for (const trigger of POLICY_TRIGGERS) {
      for (let seed = 1; seed <= 100; seed++) {
        const p = synthesizeEvent(trigger, seed);
        total++;
        if (p.blocker) blockers++;
        if (p.vulnerability !== undefined) {
          withCve++;
          expect(p.vulnerability).toMatch(CVE);
          expect(SEVERITIES).toContain(p.severity);
        } else {
          expect(p.policy_name).toMatch(/license/i);
          expect(p.severity).toBeUndefined();
        }
        expect(p.purl).toMatch(PURL);
        expect(p.purl as string).toContain(`@${p.dependency_version as string}`);
        expect(['dev', 'test', 'stage', 'prod']).toContain(p.stage);
        if (trigger === 'sca_policy_has_been_triggered') expect(p.project_id !== undefined || p.container_image_id !== undefined).toBe(true);
        if (trigger === 'osa_policy_has_been_triggered') expect(p.package_name).toBe((p.dependency as string).split(/[:/]/).pop());
      }
    }
    // Blockers are a minority, but present; most alerts carry a CVE, license alerts do not.
    expect(blockers / total).toBeGreaterThan(0.1);
    expect(blockers / total).toBeLessThan(0.5);
    expect(withCve / total).toBeGreaterThan(0.7);
    expect(withCve).toBeLessThan(total);
  });

  it('fails an analysis with an error that fits its subject', () => {
    for (let seed = 1; seed <= 20; seed++) {
      expect(synthesizeEvent('container_image_sca_analysis_failed', seed).error).toMatch(/^(Image pull|Layer extraction)/);
      expect(synthesizeEvent('cloning_of_repository_failed', seed).error).toMatch(/^Repository clone failed/);
      expect(synthesizeEvent('project_sca_analysis_failed', seed).error).not.toMatch(/Image pull|clone failed/);
    }
  });

  it('names an image reference and a git URL where the schema asks for them', () => {
    expect(synthesizeEvent('container_image_sca_analysis_started', 9).container_image_name).toMatch(/^[a-z0-9.-]+\/[a-z0-9-]+\/[a-z0-9-]+:\d+\.\d+\.\d+$/);
    expect(synthesizeEvent('cloning_of_repository_started', 9).repo_url).toMatch(/^https:\/\/git\.example\.com\/[a-z-]+\/[a-z0-9-]+\.git$/);
  });

  it('rejects a trigger outside the catalogue', () => {
    expect(() => synthesizeEvent('no_such_trigger', 1)).toThrow(/Unknown trigger "no_such_trigger"/);
  });

  it('mulberry32 is reproducible and spreads over [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((v) => v < 0.5).length).toBeGreaterThan(400);
  });
});
