export declare const NETPOL_ANALYZER_VERSION: string;
export declare const netpolicyBinary: string;
export declare function build(): number;
