"""Rankings, notices (通报) and numbered work bulletins (工作简报)."""
