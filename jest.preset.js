// Shared jest setup: ESM + ts-jest, tests next to the code as src/**/*.test.ts.
import { createDefaultEsmPreset } from 'ts-jest';

export function preset() {
  return {
    ...createDefaultEsmPreset({ tsconfig: '<rootDir>/tsconfig.test.json' }),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  };
}
