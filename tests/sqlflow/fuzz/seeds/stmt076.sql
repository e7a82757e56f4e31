TO RUN a_data_scientist/ts_data_processor:1.0
CMD "slide_window_to_row";