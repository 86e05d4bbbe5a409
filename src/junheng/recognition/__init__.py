"""The road to recognition (docs/standards.md §3, "The road to recognition"): the county's facts
year by year (population, area, revenue, education spending) and its recognition facts (the year
basic balance was recognised, which opens quality-2017's entry condition), the stages
县级自评 → 市级复核 → 省级评估 → 国家认定 with their dates and the countdown to the next one, and
the mock national inspection draw (模拟国检抽校) with each drawn school's readiness."""
