/**
 * @kubepath/neo4j — Export to Neo4j and Cypher queries.
 * Empty until its issue lands (see the issue tracker); nothing here is faked.
 */
export {};
