"""Operations on the models: lifecycle, KPI results, payments, scope changes, sourcing, status."""
