import '@testing-library/jest-dom';

// The full suite runs on two busy cores: give lazy-loaded components time to appear.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 10_000 });
