/**
 * One entry built as one classic script (IIFE, every import inlined but the externals named),
 * with the plugins given: what the content scripts and the Chrome service worker ship as.
 */
import { build, type PluginOption, type ResolvedConfig } from 'vite';

export interface ClassicBuild {
  entry: string;
  /** The emitted file's name (the caller emits it). */
  fileName: string;
  plugins: PluginOption[];
  target: string[];
  minify: ResolvedConfig['build']['minify'];
  /** The global the IIFE assigns its exports to (only needed when the entry exports). */
  name?: string;
  /** Imports left out of the script, each read from the global expression it maps to. */
  externals?: (source: string) => string | undefined;
}

export interface ClassicOutput {
  code: string;
  /** Every module inlined into the script (absolute paths). */
  moduleIds: string[];
}

export async function buildClassic(options: ClassicBuild): Promise<ClassicOutput> {
  const { externals } = options;
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    plugins: options.plugins,
    // Library mode keeps `process.env.NODE_ENV` for the consumer; we are the consumer.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      emptyOutDir: false,
      copyPublicDir: false,
      minify: options.minify,
      sourcemap: false,
      target: options.target,
      lib: {
        entry: options.entry,
        formats: ['iife'],
        name: options.name ?? 'etape',
        fileName: () => options.fileName,
      },
      rollupOptions: externals
        ? {
            external: (source: string) => externals(source) !== undefined,
            output: { globals: (source: string) => externals(source) ?? source },
          }
        : {},
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((item) =>
    'output' in item ? item.output : [],
  );
  const chunk = outputs.find((item) => item.type === 'chunk' && item.isEntry);
  if (chunk?.type !== 'chunk') throw new Error(`no IIFE built for ${options.entry}`);
  // A classic script loads nothing: anything beside it would have to be fetched or imported.
  if (outputs.length > 1)
    throw new Error(`${options.entry} built into ${outputs.length} files; it must be one script`);
  return { code: chunk.code, moduleIds: chunk.moduleIds };
}

/** What a classic-script plugin is given: the plugins each of its builds runs, the targets. */
export interface ClassicPluginOptions {
  plugins: () => PluginOption[];
  target: string[];
}

/** The outer build's settings a classic build follows, read when Vite resolves its config. */
export function outerBuild() {
  const settings = {
    minify: true as ResolvedConfig['build']['minify'],
    /** The project root, with forward slashes (module ids are compared against it). */
    root: process.cwd().replaceAll('\\', '/'),
    configResolved(config: ResolvedConfig) {
      settings.minify = config.build.minify;
      settings.root = config.root.replaceAll('\\', '/');
    },
  };
  return settings;
}
