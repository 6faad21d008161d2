import { describe, expect, it } from 'vitest';
import { SecondSighting } from './admission';

describe('SecondSighting', () => {
  it('admits a key on its second sighting, then needs two more', () => {
    const admission = new SecondSighting();
    expect([admission.admit('a'), admission.admit('a'), admission.admit('a'), admission.admit('a')]).toEqual([false, true, false, true]);
  });

  it('forgets the oldest sightings past its bound', () => {
    const admission = new SecondSighting(2);
    admission.admit('a');
    admission.admit('b');
    admission.admit('c');
    expect([admission.admit('a'), admission.admit('c')]).toEqual([false, true]);
  });
});
