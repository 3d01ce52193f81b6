import { Module } from '@nestjs/common';
import { ComponentHealthRegistry } from './component-health.registry.js';

/** Only the registry: a module that reports a component's health imports this, not the health endpoints. */
@Module({ providers: [ComponentHealthRegistry], exports: [ComponentHealthRegistry] })
export class ComponentHealthModule {}
