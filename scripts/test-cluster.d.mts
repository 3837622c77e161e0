export declare const KUBERNETES_VERSION: string;
export declare const ETCD_VERSION: string;
export declare function build(): number;
export declare function runningCluster(): unknown;
export declare function start(): Promise<unknown>;
export declare function stop(): Promise<void>;
