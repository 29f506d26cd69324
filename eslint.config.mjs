// Lint: Next's rules (core web vitals, React hooks) and typescript-eslint's, plus the house rules
// that keep the shape: screens never reach the database directly.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: ["lib/generated/**", ".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "docs/**", "next-env.d.ts"],
  },
  {
    // Leaving a field out of an object by destructuring it into `_name` is deliberate.
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true, varsIgnorePattern: "^_", argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/db/*", "**/lib/db/*", "@/lib/generated/*", "**/lib/generated/*"],
              message: "Screens ask a lib function for their data: no database or Prisma client imports under app/ or components/.",
            },
          ],
        },
      ],
    },
  },
];

export default config;
