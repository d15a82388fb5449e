// resource.Quantity lives with the API server (admission and controllers compare capacities); describers use it from there.
export * from '../../cluster/apiserver/quantity.js';
