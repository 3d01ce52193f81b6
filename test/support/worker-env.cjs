require('./worker-database.cjs').useWorkerDatabase();
