// Modules that own a component (the chain client, the credit model) mark its probe provider with @HealthProbe.
export { HealthProbe, type ComponentName, type ComponentProbe } from './health-probe.decorator.js';
