import { describe, expect, it } from 'vitest';
import { aggregatedContentType, aggregatedDoc, aggregatedVersionOf } from './discovery-docs.js';

describe('aggregated discovery negotiation', () => {
  it('answers the first served APIGroupDiscoveryList version the Accept header lists, else the legacy documents', () => {
    // kubectl 1.30+ and 1.27-1.29 send these
    expect(aggregatedVersionOf('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json')).toBe('v2');
    expect(aggregatedVersionOf('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json')).toBe('v2beta1');
    expect(aggregatedVersionOf('application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json')).toBeUndefined();
    expect(aggregatedVersionOf('application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).toBeUndefined();
    expect(aggregatedVersionOf('application/json;as=Table;g=meta.k8s.io;v=v1,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).toBe('v2');
    expect(aggregatedVersionOf('')).toBeUndefined();
  });

  it('labels the document and its content type with the version asked for', () => {
    expect((aggregatedDoc(true, 'v2beta1') as { apiVersion: string }).apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
    expect((aggregatedDoc(false) as { apiVersion: string }).apiVersion).toBe('apidiscovery.k8s.io/v2');
    expect(aggregatedContentType('v2beta1')).toBe('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
  });
});
