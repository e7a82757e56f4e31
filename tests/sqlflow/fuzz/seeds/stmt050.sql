
SELECT * FROM source_table
TO RUN a_data_scientist/ts_data_processor:1.0;