// Modules that own a component (the chain client, the credit model) register its probe here.
export { ComponentHealthRegistry } from './component-health.registry.js';
