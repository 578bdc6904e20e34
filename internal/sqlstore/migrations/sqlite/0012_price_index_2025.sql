-- The consumer price index of 2025 (CBS: 3.3 % over 2024) and the shipped
-- catalogue's 2025 periods. The Go step (shipIndexYears) adds the figure when
-- the admin has not, and opens a 2025 period for every shipped item whose 2024
-- period is still the open one as shipped; items the admin has priced anew keep
-- theirs. Records keep the period and price they were recorded with.
SELECT 1;
