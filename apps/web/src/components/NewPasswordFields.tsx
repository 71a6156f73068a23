import { TextInput } from './TextInput';

/** A new password and the same again, as changing a password and a reset link ask for them. */
export function NewPasswordFields({
  password,
  confirm,
  hint,
  errors,
  onPassword,
  onConfirm,
}: {
  password: string;
  confirm: string;
  hint: string;
  errors: { password?: string | undefined; confirm?: string | undefined };
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
}) {
  return (
    <>
      <TextInput
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={hint}
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={errors.password}
      />
      <TextInput
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => onConfirm(e.target.value)}
        error={errors.confirm}
      />
    </>
  );
}
