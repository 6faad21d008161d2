import { describe, expect, it } from 'vitest';
import { AicrError, ANY_CRITERIA, type Criteria } from '@aicr/contracts';
import { checkAllowlists, parseAllowlists, type Allowlists } from './allowlists';

describe('parseAllowlists', () => {
  const rows: Array<[string, Record<string, string | undefined>, Allowlists]> = [
    ['nothing set', {}, {}],
    ['empty strings', { AICR_ALLOWED_ACCELERATORS: '', AICR_ALLOWED_OS: '' }, {}],
    ['one list', { AICR_ALLOWED_ACCELERATORS: 'h100,l40' }, { accelerator: ['h100', 'l40'] }],
    ['trimmed, case-folded, empty items skipped', { AICR_ALLOWED_SERVICES: ' EKS , ,gke,' }, { service: ['eks', 'gke'] }],
    ['aliases resolved', { AICR_ALLOWED_OS: 'al2,ubuntu' }, { os: ['amazonlinux', 'ubuntu'] }],
    ['any dropped', { AICR_ALLOWED_INTENTS: 'any,training' }, { intent: ['training'] }],
    ['any alone = unrestricted', { AICR_ALLOWED_INTENTS: 'any' }, {}],
    ['service alias to any dropped', { AICR_ALLOWED_SERVICES: 'self-managed' }, {}],
    ['order and duplicates kept', { AICR_ALLOWED_ACCELERATORS: 'l40,h100,l40' }, { accelerator: ['l40', 'h100', 'l40'] }],
    ['all four', { AICR_ALLOWED_ACCELERATORS: 'h100', AICR_ALLOWED_SERVICES: 'eks', AICR_ALLOWED_INTENTS: 'inference', AICR_ALLOWED_OS: 'al2023' }, { accelerator: ['h100'], service: ['eks'], intent: ['inference'], os: ['amazonlinux'] }],
    ['no platform allowlist', { AICR_ALLOWED_PLATFORMS: 'dynamo' }, {}],
  ];
  it.each(rows)('%s', (_name, env, expected) => {
    expect(parseAllowlists(env)).toEqual(expected);
  });

  it.each([
    [{ AICR_ALLOWED_ACCELERATORS: 'h100,tpu' }, /AICR_ALLOWED_ACCELERATORS.*tpu/],
    [{ AICR_ALLOWED_OS: 'ubuntu,windows' }, /AICR_ALLOWED_OS.*windows/],
    [{ AICR_ALLOWED_SERVICES: '\u212Aind' }, /AICR_ALLOWED_SERVICES/],
  ])('an invalid item throws (%j)', (env, message) => {
    expect(() => parseAllowlists(env)).toThrow(message);
  });
});

describe('checkAllowlists', () => {
  const c = (over: Partial<Criteria>): Criteria => ({ ...ANY_CRITERIA, ...over });
  const lists: Allowlists = { accelerator: ['h100', 'l40'], service: ['eks'], intent: ['training'], os: ['ubuntu'] };

  it.each([
    ['all any', c({})],
    ['allowed values', c({ accelerator: 'l40', service: 'eks', intent: 'training', os: 'ubuntu' })],
    ['platform is never restricted', c({ platform: 'dynamo' })],
  ])('%s passes', (_name, criteria) => {
    expect(() => checkAllowlists(criteria, lists)).not.toThrow();
  });

  const bad: Array<[Criteria, string, string, string[]]> = [
    [c({ accelerator: 'gb200' }), 'accelerator type not allowed', 'gb200', ['h100', 'l40']],
    [c({ service: 'gke' }), 'service type not allowed', 'gke', ['eks']],
    [c({ intent: 'inference' }), 'intent type not allowed', 'inference', ['training']],
    [c({ os: 'rhel' }), 'OS type not allowed', 'rhel', ['ubuntu']],
    [c({ os: 'rhel', intent: 'inference', service: 'gke', accelerator: 'gb200' }), 'accelerator type not allowed', 'gb200', ['h100', 'l40']],
    [c({ os: 'rhel', intent: 'inference', service: 'gke' }), 'service type not allowed', 'gke', ['eks']],
    [c({ os: 'rhel', intent: 'inference' }), 'intent type not allowed', 'inference', ['training']],
  ];
  it.each(bad)('%j → %s', (criteria, message, requested, allowed) => {
    let err: unknown;
    try {
      checkAllowlists(criteria, lists);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AicrError);
    const e = err as AicrError;
    expect([e.code, e.status, e.message]).toEqual(['INVALID_REQUEST', 400, message]);
    expect(e.details).toEqual({ requested, allowed });
  });

  it('no lists, nothing refused', () => {
    expect(() => checkAllowlists(c({ accelerator: 'gb200', os: 'rhel' }), {})).not.toThrow();
  });
});
