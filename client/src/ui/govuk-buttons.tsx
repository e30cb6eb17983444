/**
 * Buttons, and the links that act as them: a button-styled link, a back link.
 */
import { type ReactNode } from 'react';
import { Link } from 'react-router';

type Children = { children?: ReactNode };

export function Button({
  children,
  type = 'submit',
  variant,
  onClick,
  disabled,
  className,
  ...rest
}: Children & {
  type?: 'submit' | 'button';
  variant?: 'secondary' | 'warning';
  onClick?: () => void;
  disabled?: boolean;
  className?: string;
  'aria-describedby'?: string;
}) {
  const classes = ['govuk-button', variant ? `govuk-button--${variant}` : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button
      type={type}
      className={classes}
      onClick={onClick}
      disabled={disabled}
      aria-disabled={disabled || undefined}
      data-module="govuk-button"
      {...rest}
    >
      {children}
    </button>
  );
}

export function ButtonLink({ to, children, variant }: Children & { to: string; variant?: 'secondary' }) {
  return (
    <Link to={to} role="button" draggable={false} className={`govuk-button${variant ? ` govuk-button--${variant}` : ''}`}>
      {children}
    </Link>
  );
}

export function ButtonGroup({ children }: Children) {
  return <div className="govuk-button-group">{children}</div>;
}

export function BackLink({ to, children = 'Back' }: Children & { to: string }) {
  return (
    <Link to={to} className="govuk-back-link">
      {children}
    </Link>
  );
}
