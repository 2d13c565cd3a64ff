import { generatePhantom } from '../src/phantom/index.js';
import { writeNifti } from '../src/readers/nifti/write.js';
const g = generatePhantom({ shape: [512, 512, 300], spacingMm: [0.7, 0.7, 1.0], seed: 1000, noiseHu: 20, orientation: 'LPS', datatype: 'int16', arms: false, table: true });
await writeNifti('/tmp/bm13/big.nii.gz', g.spec);
console.log('written');
