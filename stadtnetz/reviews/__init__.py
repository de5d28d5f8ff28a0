# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""Review and selection: formal check, reviewer pool, conflicts, assignment, reviews, ranking,
selection runs and decisions (issue 11)."""
