// resource.Quantity lives with the API types (the scheduler and admission need it too); describers import it here.
export * from '../../cluster/apiserver/quantity.js';
