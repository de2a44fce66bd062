const { src, dest, task } = require('gulp');

// gulp 5 reads files as UTF-8 unless told otherwise, which corrupts binary icons.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
