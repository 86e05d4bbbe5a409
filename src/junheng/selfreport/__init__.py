"""The county self-evaluation report (自评报告) in Word and PDF."""
