import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The gateway serves the build at `/`; in `vite dev`, API calls go to a running `npm start`.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: {
      '/graphql': { target: 'http://localhost:4000', ws: true },
      '/auth': 'http://localhost:4000',
    },
  },
});
