/** DI token for the resolved list of indicators a service registered. */
export const HEALTH_INDICATORS = Symbol('HEALTH_INDICATORS');
export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
